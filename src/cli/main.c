/* main.c - the embargo command-line tool (placeholder until the CLI lands). */
#include <stdio.h>

#include "embargo.h"

int main(void)
{
    printf("embargo %s\n", EMB_VERSION);
    return 0;
}
