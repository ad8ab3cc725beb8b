#ifndef DAFTAR_IMAGING_INTERNAL_H
#define DAFTAR_IMAGING_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

void dt_set_message(char *message, size_t message_size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* DT_OK when width x height is non-empty and within max_pixels; a message otherwise. */
int dt_check_pixels(uint64_t width, uint64_t height, uint64_t max_pixels,
                    char *message, size_t message_size);

/* Where a libtiff handle's errors go: the first message and a count. Must
   outlive the TIFF* it is registered for. */
typedef struct {
    int errors;
    char error[512];
} dt_tiff_errors;

/* TIFFOpenOptions handlers for a dt_tiff_errors (user data): errors are
   recorded, warnings dropped; neither reaches stderr. */
#include <stdarg.h>
typedef struct tiff TIFF;
int dt_tiff_record_error(TIFF *tif, void *user, const char *module, const char *format, va_list args);
int dt_tiff_drop_warning(TIFF *tif, void *user, const char *module, const char *format, va_list args);

/* libtiff's process-wide stderr handlers off: every handle reports through its own. */
void dt_tiff_silence_global_handlers(void);

#endif
