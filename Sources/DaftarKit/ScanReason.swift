/// Why a page must be scanned again, in the words a trainee marks it with; each is one
/// kind of the scan-quality policy's complaints.
public enum ScanReason: String, Codable, Sendable, CaseIterable {
    case dpi, skew, dark, light, blur, cut

    /// The reasons behind the policy's complaints about a page (`ScanQuality` wording).
    public static func reasons(of problems: [String]) -> Set<ScanReason> {
        Set(problems.compactMap { problem in
            if problem.contains("dpi") { return .dpi }
            if problem.hasPrefix("skew") { return .skew }
            if problem.hasPrefix("too dark") { return .dark }
            if problem.hasPrefix("too light") { return .light }
            if problem.hasPrefix("blurred") { return .blur }
            if problem.hasPrefix("content cut") { return .cut }
            return nil
        })
    }
}
