#ifndef DAFTAR_IMAGING_INTERNAL_H
#define DAFTAR_IMAGING_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

void dt_set_message(char *message, size_t message_size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* DT_OK when width x height is non-empty and within max_pixels; a message otherwise. */
int dt_check_pixels(uint64_t width, uint64_t height, uint64_t max_pixels,
                    char *message, size_t message_size);

/* libtiff's process-wide stderr handlers off: every handle reports through its own. */
void dt_tiff_silence_global_handlers(void);

#endif
