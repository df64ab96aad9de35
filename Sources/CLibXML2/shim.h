// Debian's libxml2 is built with ICU, and <libxml/encoding.h> then includes ICU's headers, whose
// UErrorCode clashes with the copy inside Foundation. Nothing here touches the ICU-only fields of
// xmlCharEncodingHandler (the project only holds pointers to it), so ICU is hidden from Swift.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#include <string.h>
