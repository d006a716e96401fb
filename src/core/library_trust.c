/* Trusted author keys (library.h); being written. */
