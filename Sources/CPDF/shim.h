// cairo (PDF pages, text, images) and libqrencode (QR symbols), from Debian's
// libcairo2-dev and libqrencode-dev: the extract's drawing libraries.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <qrencode.h>
