import Foundation

/// Opens a page image for the operator: the program in `DAFTAR_VIEWER`, else the
/// desktop's opener (`xdg-open` under X11/Wayland, `open` on macOS). Without a
/// desktop nothing is opened and the form prints the file's path instead.
enum PageViewer {
    /// Starts a viewer on `file` without waiting for it; false when there is none.
    static func open(_ file: URL) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        let program: String
        if let viewer = environment["DAFTAR_VIEWER"], !viewer.isEmpty {
            program = viewer
        } else {
            #if os(macOS)
            program = "/usr/bin/open"
            #else
            let desktop = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
            guard desktop, let opener = find("xdg-open", in: environment["PATH"] ?? "") else { return false }
            program = opener
            #endif
        }
        // The viewer outlives nothing of ours: its exit is reaped by the kernel.
        signal(SIGCHLD, SIG_IGN)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The form ignores the termination signals while it runs (TerminationSignals); the viewer must not.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        TerminationSignals.defaultActions(&attributes)
        let argv = [strdup(program), strdup(file.path), nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        return posix_spawnp(&pid, program, &actions, &attributes, argv, environ) == 0
    }

    private static func find(_ name: String, in path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
