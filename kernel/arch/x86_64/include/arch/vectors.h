/* Interrupt vector assignment. */
#ifndef ARCH_VECTORS_H
#define ARCH_VECTORS_H

#define VEC_PAGE_FAULT 14
#define VEC_IRQ_BASE   32     /* 8259 IRQ n arrives at VEC_IRQ_BASE + n */
#define VEC_TIMER      48     /* the local APIC timer */
#define VEC_SPURIOUS   255

#endif
