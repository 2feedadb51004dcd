/* Every obs command: int cmd_NAME(int argc, char **argv) where argv[0] is the
 * command name. Each prints its own --help and returns an obs_exit code. */
#ifndef OBS_COMMANDS_H
#define OBS_COMMANDS_H

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line, French */
} obs_command;

int cmd_init(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_rejects(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_indicators(int argc, char **argv);
int cmd_compute(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_audit_secret(int argc, char **argv);
int cmd_survival(int argc, char **argv);
int cmd_alertes(int argc, char **argv);
int cmd_annuaire(int argc, char **argv);

/* The table main() dispatches on, terminated by a NULL name. */
extern const obs_command obs_commands[];

#endif
