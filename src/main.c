#include <stdio.h>
int main(void) { puts("mtls-sim"); return 0; }
