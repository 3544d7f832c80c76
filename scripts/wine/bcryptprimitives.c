/* Wine 8.0 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard
 * library calls for random numbers (ProcessPrng) and which every Windows
 * 10 and 11 has. The package check puts this stand-in beside parkreg.exe
 * under Wine only; it is never shipped. It draws from the same system
 * generator through RtlGenRandom (advapi32's SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
