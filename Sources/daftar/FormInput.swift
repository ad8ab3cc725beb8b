import DaftarKit
import Foundation

/// Reads the operator's answers one line at a time. On a terminal it puts the
/// terminal in raw mode and edits the line itself, so that Ctrl-C reaches the form
/// as a key (and the half-typed line with it) instead of killing the process; a
/// line can come pre-filled with an earlier answer. From a pipe it reads plain lines.
final class FormInput {
    /// How a line ended.
    enum Line: Equatable {
        case text(String)
        /// Ctrl-C, with what had been typed.
        case interrupted(String)
        /// End of input (Ctrl-D on an empty line, a closed terminal or pipe).
        case ended(String)
    }

    /// The terminal's settings before the form changed them (nil when input is not a terminal).
    let savedSettings: termios?
    private var raw = false

    init() {
        var settings = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &settings) == 0 else {
            savedSettings = nil
            return
        }
        savedSettings = settings
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        raw = tcsetattr(STDIN_FILENO, TCSANOW, &settings) == 0
    }

    deinit { restore() }

    /// Puts the terminal back as it was.
    func restore() {
        guard raw, let savedSettings else { return }
        Self.restore(savedSettings)
        raw = false
    }

    /// Puts the terminal back to `settings` (`savedSettings`); callable from any thread,
    /// as a signal handler does on its way out.
    static func restore(_ settings: termios) {
        var settings = settings
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    /// Writes text to the terminal now (prompts have no newline to flush them).
    static func write(_ text: String) {
        WholeWrite.write(Array(text.utf8), to: STDOUT_FILENO)
    }

    /// Asks for a line after `prompt`, starting from `initial`.
    func read(prompt: String, initial: String = "") -> Line {
        guard raw else { return readPlain(prompt: prompt) }
        var bytes = Array(initial.utf8)
        func redraw() { Self.write("\r\u{1B}[K" + prompt + String(decoding: bytes, as: UTF8.self)) }
        redraw()
        while let byte = nextByte() {
            switch byte {
            case 0x03:
                Self.write("^C\n")
                return .interrupted(String(decoding: bytes, as: UTF8.self))
            case 0x04:
                if bytes.isEmpty {
                    Self.write("\n")
                    return .ended("")
                }
            case 0x0D, 0x0A:
                Self.write("\n")
                return .text(String(decoding: bytes, as: UTF8.self))
            case 0x7F, 0x08:
                // Remove a whole character, however many bytes it took.
                bytes = Array(String(String(decoding: bytes, as: UTF8.self).dropLast()).utf8)
                redraw()
            case 0x15:
                bytes = []
                redraw()
            case 0x17:
                var text = String(decoding: bytes, as: UTF8.self)
                while text.last == " " { text.removeLast() }
                while let last = text.last, last != " " { text.removeLast() }
                bytes = Array(text.utf8)
                redraw()
            case 0x1B:
                skipEscapeSequence()
            case 0x00..<0x20:
                break
            default:
                // Echoed byte by byte: the terminal puts a multi-byte letter together itself.
                bytes.append(byte)
                _ = [byte].withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, 1) }
            }
        }
        Self.write("\n")
        return .ended(String(decoding: bytes, as: UTF8.self))
    }

    private func readPlain(prompt: String) -> Line {
        Self.write(prompt)
        guard let line = readLine(strippingNewline: true) else { return .ended("") }
        return .text(line)
    }

    private func nextByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = Foundation.read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Arrow keys and the like arrive as ESC [ … final byte; the form has no use for them.
    private func skipEscapeSequence() {
        guard let next = nextByte(), next == UInt8(ascii: "[") || next == UInt8(ascii: "O") else { return }
        while let byte = nextByte(), !(0x40...0x7E).contains(byte) {}
    }
}
