/* Fixed-width types for a freestanding i386 kernel (no libc headers). */
#ifndef LAB_TYPES_H
#define LAB_TYPES_H

typedef unsigned char uint8_t;
typedef signed char int8_t;
typedef unsigned short uint16_t;
typedef short int16_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
typedef long long int64_t;
typedef unsigned int uintptr_t;
typedef unsigned int size_t;
typedef int bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#endif
