#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesw
import Foundation
import WarRoomUI

/// The real screen, through ncursesw: diffed frames, wide characters, colours or monochrome,
/// key input, and a terminal that is always handed back (on `restore()`, on signals via the run loop).
///
/// Use it from one thread only; curses keeps global state.
public final class CursesTerminal: TerminalBackend {
    /// Esc must feel immediate, but curses waits this long to tell it from the start of an arrow-key sequence.
    static let escapeDelayMilliseconds: Int32 = 25

    /// Colour or monochrome, fixed at start-up.
    public let colorMode: ColorMode

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let signalTrap: SignalTrap
    private let defaultColorsAvailable: Bool
    private var pairs: ColorPairTable
    /// The last frame drawn; nil forces the next frame to clear the screen and draw every cell.
    private var shown: Buffer?
    private var isActive = true

    /// Takes over the terminal. Throws when stdin/stdout is not a tty or TERM is unknown,
    /// leaving the terminal untouched.
    public init() throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        Self.selectLocale()
        // Installed before curses starts, so curses leaves SIGINT/SIGTERM to us instead of
        // installing its own handlers, which would end the process from inside the handler.
        let trap = SignalTrap()
        var modes = termios()
        tcgetattr(STDIN_FILENO, &modes)
        guard let screen = warroom_newterm(), let window = warroom_stdscr() else {
            trap.remove()
            throw .unknownTerminal(getenv("TERM").map { String(cString: $0) } ?? "")
        }
        CrashGuard.install(modes: modes)
        self.screen = screen
        self.window = window
        signalTrap = trap

        // cbreak, not raw: Ctrl-C stays a SIGINT, which the run loop turns into a clean exit,
        // and Ctrl-Z still suspends.
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        // Bracketed paste: the terminal marks a paste, so a pasted Tab, newline or letter is typed as text and never
        // taken for a key that posts, confirms or rolls back.
        define_key("\u{1B}[200~", KeyDecoder.pasteStartCode)
        define_key("\u{1B}[201~", KeyDecoder.pasteEndCode)
        Self.writeRaw(Self.bracketedPasteOn)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(Self.escapeDelayMilliseconds)

        let hasColors = has_colors()
        colorMode = ColorMode.detect(terminalHasColors: hasColors, noColor: getenv("NO_COLOR").map { String(cString: $0) })
        if colorMode == .color {
            start_color()
            defaultColorsAvailable = use_default_colors() == OK
        } else {
            defaultColorsAvailable = false
        }
        pairs = ColorPairTable(capacity: colorMode == .color ? Int(warroom_color_pairs()) : 1)
    }

    deinit { restore() }

    /// The window's size as curses last saw it (0x0 once restored).
    public var size: (width: Int, height: Int) {
        guard isActive else { return (0, 0) }
        return (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// A trapped signal, or SIGHUP once the terminal itself is gone (its window closed, the SSH link dropped)
    /// even if no signal arrived: a war room with no screen must not keep running unseen.
    public var pendingSignal: Int32? { signalTrap.pending ?? (hungUp ? SIGHUP : nil) }
    private var hungUp = false

    public func draw(_ buffer: Buffer) {
        guard isActive else { return }
        let diff = FrameDiff(from: shown, to: buffer)
        shown = buffer
        guard !diff.isEmpty else { return }
        // wclear (not werase) also makes the next refresh repaint the whole physical screen,
        // which a resize may have left scrambled.
        if diff.isFullRedraw { wclear(window) }
        for change in diff.changes { put(change.cell, x: change.x, y: change.y) }
        wrefresh(window)
    }

    public func readKey(timeoutMilliseconds: Int, wake: Int32?) -> Key? {
        guard isActive else { return nil }
        // What curses already holds (the rest of a paste, a resize it noticed) comes first, without waiting.
        if let key = nextKey(afterWait: false) { return key }
        guard timeoutMilliseconds > 0 else { return nil }
        // Sleep in poll(2) on the keyboard and the wake descriptor. A signal (a resize included) interrupts it.
        var watched = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if let wake, wake >= 0 { watched.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&watched, nfds_t(watched.count), Int32(clamping: timeoutMilliseconds))
        if ready > 0, watched[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { hungUp = true }
        guard ready > 0 && watched[0].revents != 0 || ready < 0 else { return nil }
        return nextKey(afterWait: true)
    }

    /// A key curses has or the kernel has for it, or nil at once. After a wait that said the keyboard had something,
    /// nothing means the terminal went away.
    private func nextKey(afterWait: Bool) -> Key? {
        wtimeout(window, 0)
        var code: wint_t = 0
        let input: RawInput
        switch wget_wch(window, &code) {
        case OK: input = .character(UInt32(code))
        case KEY_CODE_YES: input = .functionKey(Int32(code))
        default:  // nothing waiting, or a terminal that went away
            if afterWait { hungUp = hungUp || Self.inputHungUp() }
            return nil
        }
        let key = KeyDecoder.decode(input)
        // curses has already resized its window (so `size` is current); what is on the glass is not to be trusted.
        if key == .resize { shown = nil }
        return key
    }

    /// True when standard input reports hang-up or an error: the pty's other side has closed.
    private static func inputHungUp() -> Bool {
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&input, 1, 0) == 1 else { return false }
        return input.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    public func bell() {
        guard isActive else { return }
        beep()
    }

    /// Written straight after curses' own output: the sequence moves no cursor and draws no cell, so the screen curses
    /// believes is shown stays the screen that is.
    public func copyToClipboard(_ text: String) -> Bool {
        guard isActive, let sequence = Clipboard.sequence(for: text) else { return false }
        return Self.writeRaw(sequence)
    }

    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"

    /// Bytes straight to the terminal, after whatever curses still holds.
    @discardableResult
    static func writeRaw(_ text: String) -> Bool {
        fflush(nil)
        return (try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))) != nil
    }

    public func restore() {
        guard isActive else { return }
        isActive = false
        Self.writeRaw(Self.bracketedPasteOff)
        endwin()
        delscreen(screen)
        CrashGuard.remove()
        signalTrap.remove()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        let rendition = Rendition(style: cell.style, mode: colorMode)
        let pair = pairNumber(for: rendition.colors)
        let attributes = cursesAttributes(rendition.attributes)
        // The whole grapheme, in as many curses cells as curses needs to count the columns the buffer gave it.
        for piece in CellGlyphs(cell, capacity: Int(warroom_cell_capacity()), columns: Self.terminalColumns).pieces {
            let text = piece.scalars.map { wchar_t(bitPattern: $0.value) }
            // Ignored result: the bottom-right cell is stored but reported as an error (the cursor
            // cannot advance past it), and a refused cell must not stop the rest of the frame.
            _ = warroom_put_cell(window, Int32(y), Int32(x + piece.column), text, Int32(text.count), attributes, pair)
        }
    }

    /// A scalar's width as this terminal's C library counts it, which is how curses places what follows it;
    /// nil for a scalar it does not know.
    private static func terminalColumns(_ scalar: Unicode.Scalar) -> Int? {
        let columns = warroom_wcwidth(wchar_t(bitPattern: scalar.value))
        return columns < 0 ? nil : Int(columns)
    }

    private func pairNumber(for colors: ColorPair) -> Int16 {
        let (number, isNew) = pairs.number(for: colors)
        if isNew {
            let numbers = colors.cursesNumbers(defaultColorsAvailable: defaultColorsAvailable)
            init_pair(number, numbers.foreground, numbers.background)
        }
        return number
    }

    private func cursesAttributes(_ attributes: TextAttributes) -> attr_t {
        var result = warroom_a_normal()
        if attributes.contains(.bold) { result |= warroom_a_bold() }
        if attributes.contains(.dim) { result |= warroom_a_dim() }
        if attributes.contains(.reverse) { result |= warroom_a_reverse() }
        if attributes.contains(.underline) { result |= warroom_a_underline() }
        return result
    }

    /// Takes the user's locale, so ncursesw writes UTF-8. Where none is configured (LANG unset,
    /// common in containers and bare SSH sessions) the C locale would turn every non-ASCII
    /// grapheme into escapes, so C.UTF-8 stands in for character handling.
    private static func selectLocale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().filter({ $0 != "-" }) != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
