#ifndef WARROOM_CNCURSESW_SHIM_H
#define WARROOM_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

// Swift cannot import function-like macros, and reading curses' global variables from Swift 6
// is flagged as shared mutable state, so these wrap both as tiny functions.

static inline WINDOW *warroom_stdscr(void) { return stdscr; }
static inline int warroom_color_pairs(void) { return COLOR_PAIRS; }
/// newterm on the process's own stdin/stdout; unlike initscr it returns NULL instead of exiting.
static inline SCREEN *warroom_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline attr_t warroom_a_normal(void) { return A_NORMAL; }
static inline attr_t warroom_a_bold(void) { return A_BOLD; }
static inline attr_t warroom_a_dim(void) { return A_DIM; }
static inline attr_t warroom_a_reverse(void) { return A_REVERSE; }
static inline attr_t warroom_a_underline(void) { return A_UNDERLINE; }

/// Writes one grapheme (a NUL-terminated spacing character plus any combining marks) at y,x
/// with the given attributes and colour pair. Returns ERR when the grapheme or position is
/// refused; at the bottom-right corner curses stores the cell yet reports ERR, which callers ignore.
static inline int warroom_put_grapheme(WINDOW *win, int y, int x, const wchar_t *text,
                                       attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) {
        // Some sequences (several spacing characters joined, as in ZWJ emoji) are refused: draw the first.
        wchar_t first[2] = { text[0], L'\0' };
        if (setcchar(&cell, first, attrs, pair, NULL) != OK) return ERR;
    }
    return mvwadd_wch(win, y, x, &cell);
}

#endif
