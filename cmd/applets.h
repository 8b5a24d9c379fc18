/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The applets built into ipcbox: meson writes APPLET_LIST (sorted by name) into config.h. */
#ifndef IPCBOX_APPLETS_H
#define IPCBOX_APPLETS_H

#include "config.h"

#define APPLET(name, help) int name##_main(int argc, char **argv);
APPLET_LIST
#undef APPLET

#endif
