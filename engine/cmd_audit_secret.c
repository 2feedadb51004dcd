/* Placeholder until the command lands: it says so and fails. */
#include <stdio.h>

#include "commands.h"
#include "exit_codes.h"

int cmd_audit_secret(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "obs: erreur : la commande audit-secret n'est pas encore disponible\n");
    return OBS_EXIT_FAILURE;
}
