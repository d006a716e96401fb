/* lectern-pack init: placeholder until the course helper writes it. */
#include <stdio.h>

#include "commands.h"

int cmd_init(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "lectern-pack init: not yet implemented\n");
    return 2;
}
