/* lectern-pack check: placeholder until the course helper writes it. */
#include <stdio.h>

#include "commands.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "lectern-pack check: not yet implemented\n");
    return 2;
}

int cmd_check_quiet(const char *dir)
{
    (void)dir;
    return 0;
}
