import Testing
@testable import Archive

@Suite("UTF-8 keys")
struct UTF8KeyTests {
    /// Name words are looked up by these keys: two words are one key exactly when their
    /// bytes are equal, short (held inline) or long, and a key gives back its text.
    @Test("keys are equal exactly when their bytes are, and give back their text")
    func equality() {
        let long = String(repeating: "Абдуқаҳҳорзода", count: 3)  // 84 bytes: held as an array
        let words = ["", "a", "ҷӯраев", "ҷӯраева", "джураев", "abcdefghijklmnopqrstuvwxyz012345", // exactly 32 bytes
                     "abcdefghijklmnopqrstuvwxyz012346", long, long + "а", String(long.dropLast()) + "б"]
        for (i, a) in words.enumerated() {
            #expect(UTF8Key(a).bytes == Array(a.utf8))
            #expect(UTF8Key(bytes: Array(a.utf8)) == UTF8Key(a), "\(a): made from bytes or from text")
            for (j, b) in words.enumerated() where i != j {
                #expect(UTF8Key(a) != UTF8Key(b), "\(a) / \(b)")
            }
        }
        var ids: [UTF8Key: Int] = [:]
        for (index, word) in words.enumerated() { ids[UTF8Key(word)] = index }
        #expect(ids.count == words.count)
        for (index, word) in words.enumerated() { #expect(ids[UTF8Key(bytes: Array(word.utf8))] == index) }
    }
}
