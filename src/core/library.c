/* Library of installed courses (library.h); being written. */
