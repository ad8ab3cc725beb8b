#ifndef DAFTAR_IMAGING_H
#define DAFTAR_IMAGING_H

#include <stddef.h>
#include <stdint.h>

/* Outcome of a C shim call. Messages are copied into the caller's buffer. */
enum {
    DT_OK = 0,
    DT_CORRUPT = 1,      /* the file is damaged or not what it claims */
    DT_TOO_LARGE = 2,    /* the header claims more pixels than the limit */
    DT_UNSUPPORTED = 3,  /* valid, but a variant this build cannot decode */
    DT_FAILED = 4        /* out of memory, or an encoder/writer failure */
};

/* A decoded image: 8-bit samples, rows top to bottom as stored in the file. */
typedef struct {
    int32_t width;
    int32_t height;
    int32_t channels;      /* 1 = gray, 3 = RGB (alpha is composited on white) */
    uint8_t *pixels;       /* malloc'd; release with dt_free */
    double xdpi;           /* 0 when the file does not say */
    double ydpi;
    int32_t orientation;   /* TIFF Orientation tag (1..8); 1 for PNG and JPEG */
    int32_t corrupt_warnings; /* recoverable damage the library reported */
    int32_t source_channels;  /* colour channels in the file (gray output of a colour JPEG says 3) */
} dt_image;

void dt_free(void *pointer);

/* Serves buffers of 1 MiB and more from mmap, returned to the system on free. */
void dt_return_large_buffers_to_system(void);

/* ---- Geometry ---- */
/* Rotates counter-clockwise by `degrees` about the centre, same size, bilinear
   (16.16 fixed-point positions, 7-bit weights); outside positions repeat the
   nearest edge. src and dst hold w*h*c samples each and must not overlap. */
void dt_rotate(const uint8_t *src, uint8_t *dst, int32_t w, int32_t h, int32_t c, double degrees);

/* The same gray rotation computed one pixel at a time with bounds checks
   everywhere: the reference that tests hold the fast paths to. */
void dt_rotate_reference(const uint8_t *src, uint8_t *dst, int32_t w, int32_t h, double degrees);

/* Each output sample is the darkest of a factor x factor block of the region
   (x, y, width, height) of a gray image `stride` samples wide; dst holds
   (width / factor) x (height / factor) samples. */
void dt_min_pool(const uint8_t *src, int32_t stride, int32_t x, int32_t y,
                 int32_t width, int32_t height, int32_t factor, uint8_t *dst);

/* Means of factor x factor blocks (partial blocks at the right and bottom edges
   average what they cover), rounded; dst holds ceil(w / factor) x ceil(h / factor)
   pixels of c channels. factor must be at most 257. */
void dt_box_reduce(const uint8_t *src, int32_t w, int32_t h, int32_t c, int32_t factor, uint8_t *dst);

/* Sum of squared bin counts of `count` points (x, y interleaved) projected across
   lines turned `degrees` counter-clockwise (sine and cosine of that angle): position
   y * cos + x * sin + extent + 0.5, truncated, in 2 * extent + 2 unit bins. */
double dt_projection_score(const float *points, size_t count, float sine, float cosine, int32_t extent);

/* Adds to counts how often each byte value occurs in `rows` rows of `width` values,
   taking every `row_step`-th row of an image `width` values wide. */
void dt_histogram_add(const uint8_t *values, size_t width, size_t rows, size_t row_step, uint64_t counts[256]);

/* pixels[i] = table[pixels[i]] for a levels table that stretches black...white to
   0...255 (rounded, clamped); vectorized where the straight line reproduces the
   table exactly, by lookup otherwise. */
void dt_apply_levels(uint8_t *pixels, size_t count, const uint8_t table[256], int32_t black, int32_t white);

/* Columns x0, x0+stride, ... below x1 where `row` is darker than `threshold` and
   `above` (or, when `below` is not NULL, either neighbour row) is not: the edges of
   dark strokes. Any positive stride (1, 2 and 4 are vectorized); out has room for (x1 - x0) / stride + 1
   columns. Returns how many were written. */
int32_t dt_ink_edges(const uint8_t *row, const uint8_t *above, const uint8_t *below,
                     int32_t x0, int32_t x1, int32_t stride, uint8_t threshold, int32_t *out);

/* ---- PNG ---- */
/* Decodes a PNG to 8-bit gray or RGB (alpha composited on white). Plain 8-bit gray
   and RGB files take the direct path below; everything else goes through libpng. */
int dt_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                  dt_image *out, char *message, size_t message_size);
/* The direct path alone: 1 and the image when the file is 8-bit gray or RGB, not
   interlaced, without transparency, every chunk intact and the data exactly one
   image's worth; 0 (and nothing allocated) for any other file. */
int dt_png_decode_direct(const uint8_t *data, size_t size, uint64_t max_pixels, dt_image *out);
/* Undoes the Paeth filter on a row of one-byte pixels given the row above (exposed
   for its test against the textbook predictor). */
void dt_png_unpaeth_gray(const uint8_t *in, const uint8_t *prior, uint8_t *out, size_t n);
/* Two consecutive Paeth rows of one-byte pixels: the second is undone against the first. */
void dt_png_unpaeth_gray_pair(const uint8_t *in0, const uint8_t *in1, const uint8_t *prior,
                              uint8_t *out0, uint8_t *out1, size_t n);
/* The libpng path alone (the reference the direct path is tested against). */
int dt_png_decode_libpng(const uint8_t *data, size_t size, uint64_t max_pixels,
                         dt_image *out, char *message, size_t message_size);
int dt_png_encode(const uint8_t *pixels, int32_t width, int32_t height,
                  int32_t channels, int32_t bit_depth, double dpi,
                  uint8_t **out, size_t *out_size, char *message, size_t message_size);

/* ---- JPEG ---- */
/* want_gray: colour (YCbCr) images come out as their luma channel; libjpeg then
   skips chroma upsampling and colour conversion. */
int dt_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int32_t want_gray,
                   dt_image *out, char *message, size_t message_size);
int dt_jpeg_encode(const uint8_t *pixels, int32_t width, int32_t height,
                   int32_t channels, int32_t quality, int32_t dpi, int32_t progressive,
                   uint8_t **out, size_t *out_size, char *message, size_t message_size);

/* ---- TIFF (reading from memory) ---- */
typedef struct dt_tiff dt_tiff;
/* Opens a TIFF held in memory; the bytes must outlive the handle. */
dt_tiff *dt_tiff_open(const uint8_t *data, size_t size, char *message, size_t message_size);
/* Number of readable directories in the main IFD chain (a looping chain counts up to
   the loop); *cut is 1, with libtiff's reason in message, when the chain goes on to a
   directory that cannot be read (a file cut short). */
int32_t dt_tiff_page_count(dt_tiff *tiff, int32_t *cut, char *message, size_t message_size);
int dt_tiff_read_page(dt_tiff *tiff, int32_t index, uint64_t max_pixels,
                      dt_image *out, char *message, size_t message_size);
void dt_tiff_close(dt_tiff *tiff);

/* ---- TIFF (writing files, used by the sample generator) ---- */
enum {
    DT_TIFF_NONE = 1,
    DT_TIFF_G3 = 3,
    DT_TIFF_G4 = 4,
    DT_TIFF_LZW = 5,
    DT_TIFF_JPEG = 7,
    DT_TIFF_DEFLATE = 8,
    DT_TIFF_PACKBITS = 32773
};
typedef struct dt_tiff_writer dt_tiff_writer;
dt_tiff_writer *dt_tiff_writer_open(const char *path, int32_t big_tiff, int32_t big_endian,
                                    char *message, size_t message_size);
/* Appends a page from 8-bit samples. bits 1 thresholds gray at 128 (min-is-white),
   bits 16 widens every sample (v * 257). */
int dt_tiff_writer_add_page(dt_tiff_writer *writer, const uint8_t *pixels,
                            int32_t width, int32_t height, int32_t channels,
                            int32_t bits, int32_t compression, double dpi, int32_t tiled,
                            char *message, size_t message_size);
int dt_tiff_writer_close(dt_tiff_writer *writer, char *message, size_t message_size);

/* A one-page bilevel TIFF, CCITT G4, in memory: samples below 128 are black.
   *out is malloc'd; release with dt_free. */
int dt_tiff_encode_g4(const uint8_t *pixels, int32_t width, int32_t height, double dpi,
                      uint8_t **out, size_t *out_size, char *message, size_t message_size);

#endif
