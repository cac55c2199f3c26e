/*
 * kit.h - everything a lab's tests need, on top of Check.
 *
 * A test file includes this header and the lab's own header, then declares
 * its tests with KIT_TEST.  The kit supplies main(): each test runs in its
 * own forked child (Check's fork mode), so a crash in student code costs one
 * test, never the whole lab.
 */
#ifndef KIT_H
#define KIT_H

#include <check.h>

#include "kit_test.h"   /* graded test declarations                    */
#include "kit_fault.h"  /* "this access must fault with ... at ..."     */
#include "kit_calls.h"  /* call counting and failure injection          */
#include "kit_leak.h"   /* mappings and descriptors left behind         */
#include "kit_tmp.h"    /* page size, scratch files, unique shm names   */
#include "kit_errno.h"  /* errno assertions that name the values        */
#include "kit_assert.h" /* "fails with", bytes, modes, children left     */

#endif
