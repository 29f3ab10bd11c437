/*
 * web.c - serves the reviewer's page (HTML, CSS, JavaScript) from memory.
 *
 * The files live in src/server/web/ and are compiled into the binary as
 * byte arrays (web_assets.c, written by scripts/gen-web-assets), so the
 * page needs no web server, no CDN and no network: `embargo serve` is all.
 */
#include <string.h>

#include "server/server.h"

int route_static(srv_req *r, const char *path, enum MHD_Result *res)
{
    if (!strcmp(path, "/index.html"))
        path = "/";
    for (size_t i = 0; i < srv_n_assets; i++) {
        const srv_asset *a = &srv_assets[i];
        if (strcmp(a->path, path) != 0)
            continue;
        struct MHD_Response *resp = MHD_create_response_from_buffer(
            a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
        if (!resp) {
            *res = MHD_NO;
            return 1;
        }
        MHD_add_response_header(resp, "Content-Type", a->type);
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; frame-ancestors 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
        *res = srv_queue(r, 200, resp);
        return 1;
    }
    return 0;
}
