/* SPDX-License-Identifier: GPL-2.0-or-later */
/* REMOVEIPC in the applets: lsipc's column and -g row, ipcmk's note. */
#ifndef IPCBOX_CMD_LOGIND_H
#define IPCBOX_CMD_LOGIND_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd/value.h"
#include "ipc.h"

struct colset;
struct lsipc;
struct tbl;

/* The REMOVEIPC column's getter: "yes", "no", "detached"; null when it cannot be told. */
struct val get_removeipc(void *c, const void *r);

/*
 * In a detail view (and the JSON of one object) with REMOVEIPC, a line
 * that says why: add its column to t.
 */
void removeipc_add_why(struct tbl *t, const struct lsipc *l, const struct colset *cs);

/*
 * lsipc -g: how many objects of every kind logind would remove at their
 * owner's logout (yes or detached) into *ret; false when that cannot be
 * told. Nothing is listed when RemoveIPC is not in effect.
 */
bool removeipc_count(struct lsipc *l, uint64_t *ret);

/* Free what l holds for REMOVEIPC. */
void removeipc_free(struct lsipc *l);

/*
 * ipcmk: one note on stderr when logind would remove what was just made
 * (objs[0..n), listed from the live ctx), and how to keep it.
 */
void removeipc_note(struct ipc_ctx *ctx, const struct ipc_obj *objs, size_t n);

#endif
