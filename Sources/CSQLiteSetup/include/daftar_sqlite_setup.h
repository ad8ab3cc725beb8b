#ifndef DAFTAR_SQLITE_SETUP_H
#define DAFTAR_SQLITE_SETUP_H

/// Process-wide SQLite settings that must come before the first connection opens
/// (sqlite3_config is variadic, which Swift cannot call). Returns SQLITE_OK, or
/// SQLITE_MISUSE when SQLite was already initialized (the settings then stay as built).
int daftar_sqlite_setup(void);

#endif
