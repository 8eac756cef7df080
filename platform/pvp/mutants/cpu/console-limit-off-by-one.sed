# console_write refuses exactly 1024 bytes, the documented maximum.
s/if (len > CONSOLE_MAX)/if (len >= CONSOLE_MAX)/
