#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>

/* The buffer ISA-L recommends for deflating at level 1, a macro expression Swift does not import. */
static inline uint32_t bcf_isal_level1_buffer_size(void) { return ISAL_DEF_LVL1_DEFAULT; }
