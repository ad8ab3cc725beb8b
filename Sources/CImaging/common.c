#include "daftar_imaging.h"
#include "internal.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dt_free(void *pointer) { free(pointer); }

void dt_set_message(char *message, size_t message_size, const char *format, ...) {
    if (message == NULL || message_size == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(message, message_size, format, args);
    va_end(args);
}

int dt_check_pixels(uint64_t width, uint64_t height, uint64_t max_pixels,
                    char *message, size_t message_size) {
    if (width == 0 || height == 0) {
        dt_set_message(message, message_size, "image has no pixels (%llux%llu)",
                       (unsigned long long)width, (unsigned long long)height);
        return DT_CORRUPT;
    }
    if (width > 0x7fffffffULL || height > 0x7fffffffULL || width * height > max_pixels) {
        dt_set_message(message, message_size,
                       "%llux%llu is %g megapixels, over the limit of %g megapixels (--max-pixels)",
                       (unsigned long long)width, (unsigned long long)height,
                       (double)width * (double)height / 1e6, (double)max_pixels / 1e6);
        return DT_TOO_LARGE;
    }
    return DT_OK;
}

void dt_return_large_buffers_to_system(void) {
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
#ifdef M_TRIM_THRESHOLD
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}
