#include "config.h"
#include "../include/tv_runtime.h"

static const char *line_value(const char *line, const char *key)
{
    while (*key) {
        if (*line++ != *key++) {
            return 0;
        }
    }
    return *line == '=' ? line + 1 : 0;
}

static const char *next_line(const char *p)
{
    while (*p && *p != '\n') {
        p++;
    }
    return *p ? p + 1 : p;
}

static void copy_value(const char *value, char *out, UINTN size)
{
    UINTN n = 0;
    while (value[n] && value[n] != '\n' && value[n] != '\r' && n + 1 < size) {
        out[n] = value[n];
        n++;
    }
    out[n] = 0;
}

int config_next(const char **cursor, const char *key, char *out, UINTN size)
{
    for (const char *line = *cursor; *line; line = next_line(line)) {
        const char *value = line_value(line, key);
        if (value) {
            copy_value(value, out, size);
            *cursor = next_line(line);
            return 1;
        }
    }
    *cursor = "";
    return 0;
}

const char *config_find(const char *text, const char *key)
{
    for (const char *line = text; *line; line = next_line(line)) {
        const char *value = line_value(line, key);
        if (value) {
            return value;
        }
    }
    return 0;
}

int config_get(const char *text, const char *key, char *out, UINTN size)
{
    return config_next(&text, key, out, size);
}

UINT64 config_number(const char *text)
{
    UINT64 value = 0;
    while (*text >= '0' && *text <= '9') {
        value = value * 10 + (UINT64)(*text++ - '0');
    }
    return value;
}

int config_word(const char **cursor, char *out, UINTN size)
{
    const char *p = *cursor;
    while (*p == ' ') {
        p++;
    }
    if (!*p) {
        *cursor = p;
        return 0;
    }
    UINTN n = 0;
    while (*p && *p != ' ') {
        if (n + 1 < size) {
            out[n++] = *p;
        }
        p++;
    }
    out[n] = 0;
    *cursor = p;
    return 1;
}
