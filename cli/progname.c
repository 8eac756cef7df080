/* The program's name, which every command's diagnostics start with. It
 * lives below main.c and the cmd_*.c files alike: main.c only dispatches
 * to the commands, and a command never reaches back into main.c, so a
 * test can link a command without the dispatcher. */
#include "cli/commands.h"

const char *pvabi_progname = "pvabi";
