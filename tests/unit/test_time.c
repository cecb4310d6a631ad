/* test_time.c: ISO 8601 dates as intervals, against epoch seconds that Python's datetime gives
 * for the same dates; what is refused, and how instants meet a window's ends. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpecgraph/time.h"

static void expect_interval(const char *text, double start, double end)
{
    cpg_interval iv;
    const char *why = NULL;
    if (!cpg_time_parse(text, strlen(text), &iv, &why))
        fail_msg("'%s' refused: %s", text, why);
    if (iv.start != start || iv.end != end)
        fail_msg("'%s': got %.0f .. %.0f, expected %.0f .. %.0f", text, iv.start, iv.end, start,
                 end);
}

static void expect_refused(const char *text, const char *reason)
{
    cpg_interval iv;
    const char *why = NULL;
    if (cpg_time_parse(text, strlen(text), &iv, &why))
        fail_msg("'%s' read as %.0f .. %.0f", text, iv.start, iv.end);
    if (!strstr(why, reason))
        fail_msg("'%s': the reason '%s' does not say '%s'", text, why, reason);
}

static void partial_dates_should_name_their_whole_period(void **state)
{
    (void)state;
    expect_interval("2015", 1420070400, 1451606400);
    expect_interval("2015-07", 1435708800, 1438387200);
    expect_interval("2015-07-14", 1436832000, 1436832000 + 86400);
    expect_interval("20150714", 1436832000, 1436832000 + 86400);  /* ISO's basic form */
    expect_interval("2016-02", 1454284800, 1456790400);           /* a leap February */
    expect_interval("2016-02-29", 1456704000, 1456790400);
    expect_interval("1969-12-31", -86400, 0);
    expect_interval("0001-01-01", -62135596800, -62135596800 + 86400);
}

static void times_of_day_should_be_hours_minutes_or_instants(void **state)
{
    (void)state;
    expect_interval("2015-07-14T10", 1436868000, 1436868000 + 3600);
    expect_interval("2015-07-14T10:00Z", 1436868000, 1436868000 + 60);
    expect_interval("2015-07-14 10:00", 1436868000, 1436868000 + 60);
    expect_interval("2015-07-14T10:00:30+02:00", 1436860830, 1436860830);
    expect_interval("2015-07-14T10:00:30+0200", 1436860830, 1436860830);
    expect_interval("2015-07-14T10:00:30+02", 1436860830, 1436860830);
    expect_interval("2015-07-14T08:00:30.5Z", 1436860830.5, 1436860830.5);
    expect_interval("2015-07-13T22:00:30-10:00", 1436860830, 1436860830);
}

static void other_text_should_be_refused_with_a_reason(void **state)
{
    (void)state;
    expect_refused("14 July 2015", "not an ISO 8601 date");
    expect_refused("2015-7-14", "not an ISO 8601 date");
    expect_refused("2015-13", "that day does not exist");
    expect_refused("2015-02-29", "that day does not exist");
    expect_refused("2015-04-31", "that day does not exist");
    expect_refused("2015-07-14T25:00", "out of range");
    expect_refused("2015-07-14T10:00:00+5", "offset");
    expect_refused("2015-07-14T10:00:00Z trailing", "text follows");
    expect_refused("2015-07T10:00", "not an ISO 8601 date");
    expect_refused("", "not an ISO 8601 date");
}

static void instants_should_meet_a_window_from_its_start_to_before_its_end(void **state)
{
    (void)state;
    cpg_interval window = {100, 200};
    assert_true(cpg_interval_meets((cpg_interval){100, 100}, window));
    assert_false(cpg_interval_meets((cpg_interval){200, 200}, window));
    assert_true(cpg_interval_meets((cpg_interval){150, 300}, window));
    assert_false(cpg_interval_meets((cpg_interval){200, 300}, window));  /* ends are excluded */
    assert_true(cpg_interval_meets((cpg_interval){-INFINITY, 101}, window));
    assert_false(cpg_interval_meets((cpg_interval){-INFINITY, 100}, window));
    assert_true(cpg_interval_meets((cpg_interval){199, INFINITY}, window));
}

static void times_should_format_as_iso_8601_in_utc(void **state)
{
    (void)state;
    char buf[40];
    cpg_time_format(1436860830, buf);
    assert_string_equal(buf, "2015-07-14T08:00:30Z");
    cpg_time_format(-86400, buf);
    assert_string_equal(buf, "1969-12-31T00:00:00Z");
    cpg_time_format(-62135596800, buf);
    assert_string_equal(buf, "0001-01-01T00:00:00Z");
    cpg_time_format(-INFINITY, buf);
    assert_string_equal(buf, "-inf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(partial_dates_should_name_their_whole_period),
        cmocka_unit_test(times_of_day_should_be_hours_minutes_or_instants),
        cmocka_unit_test(other_text_should_be_refused_with_a_reason),
        cmocka_unit_test(instants_should_meet_a_window_from_its_start_to_before_its_end),
        cmocka_unit_test(times_should_format_as_iso_8601_in_utc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
