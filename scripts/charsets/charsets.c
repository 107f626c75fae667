/*
 * charsets.c: how glibc iconv decodes each byte, for the encoding names read on stdin (one a
 * line), as libxml2 2.15 opens them (iconv_open("UTF-8", name)). Built and run inside the forky
 * chroot by scripts/charsets.ts. One output line per name:
 *   NAME single CP0 CP1 ... CP255   a single-byte encoding: each byte's code point, -1 invalid
 *   NAME multi B1 B2 ...           anything else: the ASCII bytes that read as themselves
 *                                  alone and next to each other (a file of only those decodes
 *                                  as ASCII)
 *   NAME unknown                   iconv_open fails
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

/* Converts in[0..n) with a fresh state and a final flush; returns the number of code points
 * written to out, or -1 (invalid byte), -2 (incomplete at the end). */
static int convert(iconv_t cd, const unsigned char *in, size_t n, int *out, int max) {
    static char buf[1 << 16];
    char *ip = (char *)in, *op = buf;
    size_t il = n, ol = sizeof buf;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) return errno == EINVAL ? -2 : -1;
    if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) return -2;
    int count = 0;
    for (unsigned char *p = (unsigned char *)buf; p < (unsigned char *)op;) {
        int c = *p, len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        int cp = len == 1 ? c : c & (0x3f >> (len - 1));
        for (int k = 1; k < len; k++) cp = (cp << 6) | (p[k] & 0x3f);
        if (count < max) out[count] = cp;
        count++;
        p += len;
    }
    return count;
}

/* Whether every sequence of the bytes in set[0..n) (pairs, and all of them in order and in
 * reverse) decodes to the bytes' own code points one after the other. */
static int composes(iconv_t cd, const unsigned char *set, int n, const int *cps, int *bad) {
    static int got[1024];
    unsigned char seq[512];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            seq[0] = set[i]; seq[1] = set[j];
            if (convert(cd, seq, 2, got, 2) != 2 || got[0] != cps[set[i]] || got[1] != cps[set[j]]) { *bad = set[i]; return 0; }
        }
    for (int dir = 0; dir < 2; dir++) {
        for (int i = 0; i < n; i++) seq[i] = set[dir ? n - 1 - i : i];
        if (convert(cd, seq, n, got, 1024) != n) { *bad = -1; return 0; }
        for (int i = 0; i < n; i++) if (got[i] != cps[seq[i]]) { *bad = -1; return 0; }
    }
    return 1;
}

int main(void) {
    char name[256];
    while (fgets(name, sizeof name, stdin)) {
        name[strcspn(name, "\n")] = 0;
        if (!*name) continue;
        iconv_t cd = iconv_open("UTF-8", name);
        if (cd == (iconv_t)-1) { printf("%s unknown\n", name); continue; }
        int cps[256], single = 1, bad;
        unsigned char valid[256];
        int nvalid = 0;
        for (int b = 0; b < 256; b++) {
            unsigned char in = b;
            int got[4], r = convert(cd, &in, 1, got, 4);
            cps[b] = r == 1 ? got[0] : -1;
            if (r == 1) valid[nvalid++] = b;
            else if (r != -1) single = 0; /* a lead byte, a shift, or more than one character */
        }
        if (single && composes(cd, valid, nvalid, cps, &bad)) {
            printf("%s single", name);
            for (int b = 0; b < 256; b++) printf(" %d", cps[b]);
            printf("\n");
        } else {
            unsigned char ascii[128];
            int n = 0;
            for (int b = 0; b < 128; b++) if (cps[b] == b) ascii[n++] = b;
            /* drop a byte that changes its neighbour (a shift such as '~' or '+') until the rest compose */
            while (n > 0 && !composes(cd, ascii, n, cps, &bad)) {
                if (bad < 0) { n = 0; break; }
                int k = 0;
                for (int i = 0; i < n; i++) if (ascii[i] != bad) ascii[k++] = ascii[i];
                n = k;
            }
            printf("%s multi", name);
            for (int i = 0; i < n; i++) printf(" %d", ascii[i]);
            printf("\n");
        }
        iconv_close(cd);
    }
    return 0;
}
