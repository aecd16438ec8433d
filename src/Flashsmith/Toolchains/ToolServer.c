/*
 * Preloaded into a compiler or linker that flashsmith runs many times in one build (see ToolServers.cs). When
 * FLASHSMITH_TOOL_SERVER is set, the tool does not run its main: once its libraries are loaded and relocated and its
 * static constructors have run, it reads runs from its standard input and forks itself for each, so that each run
 * starts where a fresh process would enter main, without loading the tool again. Without the variable it does nothing.
 *
 * A run is one request on standard input, every field ending in a NUL byte:
 *   the argument count N, the working directory, the standard output file, the standard error file, then N arguments
 *   (argv[0] first).
 * The server first writes "ready\n" to its standard output, then one line per run: the wait status of the run,
 * in decimal. It ends at the end of its input. A run dies with the server (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

typedef int (*main_function)(int, char **, char **);
typedef int (*start_function)(main_function, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);

static main_function tool_main;

enum { request_limit = 1 << 20, argument_limit = 1 << 15 };
static char request[request_limit];
static char *fields[argument_limit + 4];

static int write_all(const char *text, size_t length)
{
    while (length > 0) {
        ssize_t written = write(1, text, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -1;
        text += written;
        length -= (size_t)written;
    }
    return 0;
}

static char input_buffer[1 << 16];
static size_t input_start, input_end;

/* Reads one field into the request buffer at *used; returns its start, or NULL at the end of input or on an error. */
static char *read_field(size_t *used)
{
    char *start = request + *used;
    for (;;) {
        if (input_start == input_end) {
            ssize_t got = read(0, input_buffer, sizeof input_buffer);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return NULL;
            input_start = 0;
            input_end = (size_t)got;
        }
        if (*used >= request_limit)
            return NULL;
        char c = input_buffer[input_start++];
        request[(*used)++] = c;
        if (c == '\0')
            return start;
    }
}

static void run(char **arguments, int count, const char *folder, const char *out, const char *err)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() == 1)
        _exit(126);
    int input = open("/dev/null", O_RDONLY);
    int output = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int error = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (input < 0 || output < 0 || error < 0 || dup2(input, 0) < 0 || dup2(output, 1) < 0 || dup2(error, 2) < 0)
        _exit(126);
    close(input);
    close(output);
    close(error);
    if (chdir(folder) != 0)
        _exit(126);
    signal(SIGPIPE, SIG_DFL);
    exit(tool_main(count, arguments, environ));
}

static int serve(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    (void)envp;
    if (write_all("ready\n", 6) != 0)
        return 0;
    for (;;) {
        size_t used = 0;
        char *number = read_field(&used);
        if (number == NULL)
            return 0;
        long count = strtol(number, NULL, 10);
        if (count < 1 || count > argument_limit)
            return 2;
        for (long i = 0; i < count + 3; i++)
            if ((fields[i] = read_field(&used)) == NULL)
                return 2;
        fields[count + 3] = NULL;
        pid_t child = fork();
        if (child == 0)
            run(fields + 3, (int)count, fields[0], fields[1], fields[2]);
        int status = 0;
        if (child < 0)
            status = 126 << 8;
        else
            while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
        char line[32];
        int length = snprintf(line, sizeof line, "%d\n", status);
        if (write_all(line, (size_t)length) != 0)
            return 0;
    }
}

int __libc_start_main(main_function main, int argc, char **argv, void (*init)(void), void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
    start_function next = (start_function)dlsym(RTLD_NEXT, "__libc_start_main");
    if (getenv("FLASHSMITH_TOOL_SERVER") != NULL) {
        /* What the tool's runs see is the environment the server was started with, less what started the server. */
        const char *preload = getenv("FLASHSMITH_TOOL_PRELOAD");
        if (preload != NULL && preload[0] != '\0')
            setenv("LD_PRELOAD", preload, 1);
        else
            unsetenv("LD_PRELOAD");
        unsetenv("FLASHSMITH_TOOL_PRELOAD");
        unsetenv("FLASHSMITH_TOOL_SERVER");
        tool_main = main;
        main = serve;
    }
    return next(main, argc, argv, init, fini, rtld_fini, stack_end);
}
