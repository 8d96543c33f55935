#include <stdint.h>
typedef struct { int val; } libxl_defbool;
static inline void libxl_defbool_set(libxl_defbool *b, int v) { b->val = v ? 1 : -1; }
typedef char **libxl_string_list;
typedef struct libxl_device_disk libxl_device_disk; typedef struct libxl_bitmap libxl_bitmap; typedef struct libxl_rdm_reserve libxl_rdm_reserve; typedef struct libxl_device_nic libxl_device_nic;
typedef struct libxl_device_pci libxl_device_pci; typedef struct libxl_ctx libxl_ctx; typedef struct libxl_device_usbdev libxl_device_usbdev; typedef struct libxl_device_virtio libxl_device_virtio;
