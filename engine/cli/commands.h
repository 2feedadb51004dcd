/* Every obs command: int cmd_NAME(obs_context *ctx, int argc, char **argv)
 * where argv[0] is the command name. Each prints its own --help, parses its
 * options, calls cli_setup(ctx, ...) for what its table entry declares it
 * needs (engine/cli/setup.h) and returns an obs_exit code; main releases
 * what the set-up took. */
#ifndef OBS_COMMANDS_H
#define OBS_COMMANDS_H

#include "engine/cli/setup.h"

typedef struct {
    const char *name;
    int (*run)(obs_context *ctx, int argc, char **argv);
    unsigned needs;      /* NEEDS_* flags of engine/cli/setup.h */
    const char *summary; /* one line, French */
} obs_command;

int cmd_init(obs_context *ctx, int argc, char **argv);
int cmd_load(obs_context *ctx, int argc, char **argv);
int cmd_status(obs_context *ctx, int argc, char **argv);
int cmd_rejects(obs_context *ctx, int argc, char **argv);
int cmd_generate(obs_context *ctx, int argc, char **argv);
int cmd_report(obs_context *ctx, int argc, char **argv);
int cmd_run(obs_context *ctx, int argc, char **argv);
int cmd_indicators(obs_context *ctx, int argc, char **argv);
int cmd_compute(obs_context *ctx, int argc, char **argv);
int cmd_export(obs_context *ctx, int argc, char **argv);
int cmd_audit_secret(obs_context *ctx, int argc, char **argv);
int cmd_survival(obs_context *ctx, int argc, char **argv);
int cmd_alertes(obs_context *ctx, int argc, char **argv);
int cmd_annuaire(obs_context *ctx, int argc, char **argv);

/* The table main() dispatches on, terminated by a NULL name. */
extern const obs_command obs_commands[];

#endif
