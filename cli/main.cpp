// main.cpp — wires the stancheck subcommands together (filled in by the CLI work).
#include <cstdio>
int main() { std::puts("stancheck"); return 0; }
