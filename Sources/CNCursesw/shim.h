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

/// Writes one curses cell at y,x: `count` wide characters, the first a spacing one, with the given attributes and
/// colour pair. setcchar keeps only the first spacing character and the non-spacing ones after it (X/Open's
/// cell), so the rest are stored directly: an emoji sequence (👍🏽, a ZWJ family) is one glyph of several
/// spacing characters, and ncurses writes every character a cell holds. Returns ERR when the cell or position is
/// refused; at the bottom-right corner curses stores the cell yet reports ERR, which callers ignore.
static inline int warroom_put_cell(WINDOW *win, int y, int x, const wchar_t *text, int count,
                                   attr_t attrs, short pair) {
    if (count < 1 || count > CCHARW_MAX) return ERR;
    wchar_t first[2] = { text[0], L'\0' };
    cchar_t cell;
    if (setcchar(&cell, first, attrs, pair, NULL) != OK) return ERR;
    for (int i = 1; i < CCHARW_MAX; i++) cell.chars[i] = i < count ? text[i] : L'\0';
    return mvwadd_wch(win, y, x, &cell);
}

/// How many columns the C library (and so curses, which places cells by it) gives a character; -1 for one it does
/// not know. Declared here because Swift's Glibc module leaves out the X/Open wide-character functions.
int wcwidth(wchar_t c);
static inline int warroom_wcwidth(wchar_t c) { return wcwidth(c); }

/// The most wide characters one curses cell holds.
static inline int warroom_cell_capacity(void) { return CCHARW_MAX; }

#endif
