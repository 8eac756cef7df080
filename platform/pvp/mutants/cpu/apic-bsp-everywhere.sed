# The reset value of IA32_APIC_BASE written as the one the processor
# manuals quote after power-on, 0xfee00900: the xAPIC enabled at its base
# and bit 8, the boot processor. pvp_msr_reset resets every vCPU with it,
# so every vCPU reads the BSP bit, not vCPU 0 alone, and a guest that
# picks its boot CPU by the bit (or skips it in an SMP bring-up) finds
# one on every vCPU (1.0+, two vCPUs).
s/^\tv->msr\[M_APIC_BASE\] = 0xfee00800;$/\tv->msr[M_APIC_BASE] = 0xfee00900; \/* xAPIC enabled at 0xfee00000, BSP *\//
