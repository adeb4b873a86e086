#ifndef QAPCHECK_LIBXML2_SHIM_H
#define QAPCHECK_LIBXML2_SHIM_H

/* Debian builds libxml2 with ICU; its ICU headers clash with the ones Foundation
   carries ('UErrorCode' defined twice). The reader never needs ICU, so the flag is
   dropped before the rest of libxml2 is included. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#endif
