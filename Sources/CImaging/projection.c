#include "daftar_imaging.h"

#include <stdlib.h>
#include <string.h>

double dt_projection_score(const float *points, size_t count, float sine, float cosine, int32_t extent) {
#pragma clang fp contract(off)
    /* Same arithmetic as the estimator's Swift code had, so the peak and the
       confidence do not move: separate multiply and add, truncation toward zero. */
    const size_t size = 2 * (size_t)extent + 2;
    /* Two sets of bins taken in turn: neighbouring points mostly land in one bin,
       and an increment then need not wait for the previous one. */
    int32_t *bins = calloc(2 * size, sizeof(int32_t));
    if (bins == NULL) return 0;
    const float offset = (float)extent + 0.5f;
    size_t i = 0;
    for (; i + 1 < count; i += 2) {
        const float first = points[2 * i + 1] * cosine + points[2 * i] * sine + offset;
        const float second = points[2 * i + 3] * cosine + points[2 * i + 2] * sine + offset;
        bins[(int32_t)first]++;
        bins[size + (size_t)(int32_t)second]++;
    }
    if (i < count) bins[(int32_t)(points[2 * i + 1] * cosine + points[2 * i] * sine + offset)]++;
    double sum = 0;
    for (size_t b = 0; b < size; b++) {
        const double total = (double)bins[b] + (double)bins[size + b];
        sum += total * total;
    }
    free(bins);
    return sum;
}
