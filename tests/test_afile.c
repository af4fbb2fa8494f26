/* test_afile.c — atomic file writes: the new file appears whole or not at
 * all, the old one survives a failed write, no temporary file is left; what
 * is not a regular file (a link, a FIFO, a device, a descriptor) is never
 * replaced; modes and owners are kept, secrets are 0600; a group of files
 * lands together or not at all. Everything happens in a scratch directory;
 * the checks that need root (mknod, chown) skip with a message without it. */
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/afile.h"

static char scratch[64];

static int make_scratch(void **state)
{
    (void)state;
    snprintf(scratch, sizeof scratch, "/tmp/mtls-afile-XXXXXX");
    return mkdtemp(scratch) ? 0 : -1;
}

/* Remove everything in the scratch directory (one level of subdirectories). */
static void clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    char p[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            clear_dir(p);
            rmdir(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
}

static int remove_scratch(void **state)
{
    (void)state;
    clear_dir(scratch);
    return rmdir(scratch);
}

static int clean(void **state)
{
    (void)state;
    clear_dir(scratch);
    umask(022);
    return 0;
}

static const char *at(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", scratch, name);
    return p[k];
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void read_all(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    fclose(f);
}

static void write_all(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Write text to path through afile. */
static err_t put(const char *path, const char *text, mode_t mode)
{
    afile a;
    err_t e = afile_open(&a, NULL, path, mode);
    if (e != ERR_OK)
        return e;
    fputs(text, a.f);
    return afile_close(&a, true);
}

/* The stream of a set's file that must open. */
static FILE *must(FILE *f)
{
    assert_non_null(f);
    return f;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

static void test_commit_and_abort(void **state)
{
    (void)state;
    char buf[64];
    const char *path = at("out.txt");

    afile a;
    assert_int_equal(afile_open(&a, scratch, "out.txt", AFILE_SECRET), ERR_OK);
    fputs("first", a.f);
    assert_int_equal(count_entries(scratch), 1); /* only the temporary file so far */
    assert_int_equal(afile_close(&a, true), ERR_OK);
    read_all(path, buf, sizeof buf);
    assert_string_equal(buf, "first");
    assert_int_equal(mode_of(path), 0600);

    /* a write that is not committed leaves the old file as it was */
    assert_int_equal(afile_open(&a, NULL, path, AFILE_PUBLIC), ERR_OK);
    fputs("second, never finished", a.f);
    assert_int_equal(afile_close(&a, false), ERR_IO);
    read_all(path, buf, sizeof buf);
    assert_string_equal(buf, "first");
    assert_int_equal(count_entries(scratch), 1);

    /* a missing directory and an over-long name are clean errors */
    assert_int_equal(afile_open(&a, "/nonexistent-mtls-dir", "x", AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(afile_why(&a),
                        "cannot write '/nonexistent-mtls-dir/x': No such file or directory");
    char longname[AFILE_PATH_LEN + 8];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(afile_open(&a, scratch, longname, AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, ENAMETOOLONG);
}

/* A fresh file that holds no secret gets 0666 & ~umask (fchmod alone would
 * ignore the umask); a secret is 0600 whatever the umask. */
static void test_fresh_modes_honour_umask(void **state)
{
    (void)state;
    static const struct { mode_t mask, want; } cases[] = {
        { 022, 0644 }, { 002, 0664 }, { 027, 0640 }, { 077, 0600 }, { 0, 0666 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        umask(cases[i].mask);
        assert_int_equal(put(at("public.txt"), "p", AFILE_PUBLIC), ERR_OK);
        assert_int_equal(put(at("secret.txt"), "s", AFILE_SECRET), ERR_OK);
        umask(022);
        if (mode_of(at("public.txt")) != cases[i].want)
            fail_msg("umask %03o: public file is %03o, want %03o", (unsigned)cases[i].mask,
                     (unsigned)mode_of(at("public.txt")), (unsigned)cases[i].want);
        assert_int_equal(mode_of(at("secret.txt")), 0600);
        assert_int_equal(unlink(at("public.txt")), 0);
        assert_int_equal(unlink(at("secret.txt")), 0);
    }
}

/* An existing file keeps its mode, unless the new contents are secret:
 * then it is 0600, even if it was world-readable before. */
static void test_existing_mode_kept_or_made_secret(void **state)
{
    (void)state;
    const char *p = at("kept.txt"), *s = at("secret.json");
    write_all(p, "old");
    assert_int_equal(chmod(p, 0640), 0);
    assert_int_equal(put(p, "new", AFILE_PUBLIC), ERR_OK);
    assert_int_equal(mode_of(p), 0640);
    write_all(s, "old");
    assert_int_equal(chmod(s, 0644), 0);
    assert_int_equal(put(s, "secret", AFILE_SECRET), ERR_OK);
    assert_int_equal(mode_of(s), 0600);
}

/* Root writing a user's file must not hand it to root. */
static void test_owner_kept(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        print_message("skipped: changing a file's owner needs root\n");
        skip();
    }
    const char *p = at("owned.txt");
    write_all(p, "old");
    assert_int_equal(chown(p, 4242, 4343), 0);
    assert_int_equal(put(p, "new", AFILE_SECRET), ERR_OK);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_uid, 4242);
    assert_int_equal(st.st_gid, 4343);
    assert_int_equal(st.st_mode & 07777, 0600);
}

/* A symlink (two hops, relative, into another directory) stays a link; the
 * file at its end gets the new contents, and the temporary file was made
 * there, not beside the link. */
static void test_symlink_followed(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(mkdir(at("real"), 0700), 0);
    assert_int_equal(mkdir(at("links"), 0700), 0);
    write_all(at("real/x.json"), "old");
    assert_int_equal(chmod(at("real/x.json"), 0640), 0);
    assert_int_equal(symlink("../real/x.json", at("links/hop")), 0);
    assert_int_equal(symlink("hop", at("links/transcript.json")), 0);
    afile a;
    assert_int_equal(afile_open(&a, at("links"), "transcript.json", AFILE_PUBLIC), ERR_OK);
    assert_int_equal(count_entries(at("real")), 2);  /* the temporary file is next to x.json */
    assert_int_equal(count_entries(at("links")), 2);
    fputs("new", a.f);
    assert_int_equal(afile_close(&a, true), ERR_OK);
    struct stat st;
    assert_int_equal(lstat(at("links/transcript.json"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(at("links/hop"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    read_all(at("real/x.json"), buf, sizeof buf);
    assert_string_equal(buf, "new");
    assert_int_equal(mode_of(at("real/x.json")), 0640);
    assert_int_equal(count_entries(at("real")), 1);
}

/* A link to nothing and a loop are refused, with the real cause, and left
 * alone. */
static void test_dangling_link_and_loop_refused(void **state)
{
    (void)state;
    char buf[300];
    afile a;
    assert_int_equal(symlink("missing", at("dangling")), 0);
    assert_int_equal(afile_open(&a, NULL, at("dangling"), AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, ENOENT);
    snprintf(buf, sizeof buf, "'%s' is a symbolic link to '%s', which does not exist",
             at("dangling"), at("missing"));
    assert_string_equal(afile_why(&a), buf);

    assert_int_equal(symlink("loop2", at("loop1")), 0);
    assert_int_equal(symlink("loop1", at("loop2")), 0);
    assert_int_equal(afile_open(&a, NULL, at("loop1"), AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, ELOOP);
    snprintf(buf, sizeof buf, "cannot follow the symbolic link '%s': %s", at("loop1"),
             strerror(ELOOP));
    assert_string_equal(afile_why(&a), buf);
    assert_int_equal(count_entries(scratch), 3); /* the three links, nothing else */
    struct stat st;
    assert_int_equal(lstat(at("dangling"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
}

/* A FIFO is written in place: the reader gets the bytes, the FIFO stays. */
static void test_fifo_written_in_place(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(mkfifo(at("fifo"), 0640), 0);
    int rfd = open(at("fifo"), O_RDONLY | O_NONBLOCK); /* a reader, so the writer can open */
    assert_true(rfd >= 0);
    assert_int_equal(put(at("fifo"), "through the pipe", AFILE_SECRET), ERR_OK);
    ssize_t n = read(rfd, buf, sizeof buf - 1);
    assert_int_equal(n, 16);
    buf[n] = '\0';
    assert_string_equal(buf, "through the pipe");
    close(rfd);
    struct stat st;
    assert_int_equal(lstat(at("fifo"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0640); /* not chmodded to 0600 */
    assert_int_equal(count_entries(scratch), 1);
}

/* Device nodes made in the scratch directory (never the real /dev): a
 * character device is written in place and stays a device; a full one
 * reports ENOSPC; a block device is refused. */
static void test_devices(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        print_message("skipped: mknod needs root\n");
        skip();
    }
    assert_int_equal(mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)), 0);
    assert_int_equal(mknod(at("full"), S_IFCHR | 0666, makedev(1, 7)), 0);
    assert_int_equal(mknod(at("disk"), S_IFBLK | 0600, makedev(7, 0)), 0);
    assert_int_equal(put(at("null"), "gone", AFILE_PUBLIC), ERR_OK);
    struct stat st;
    assert_int_equal(lstat(at("null"), &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(st.st_rdev, makedev(1, 3));

    afile a;
    assert_int_equal(afile_open(&a, NULL, at("full"), AFILE_PUBLIC), ERR_OK);
    fputs("no room", a.f);
    assert_int_equal(afile_close(&a, true), ERR_IO);
    assert_int_equal(errno, ENOSPC);
    char want[300];
    snprintf(want, sizeof want, "cannot write '%s': %s", at("full"), strerror(ENOSPC));
    assert_string_equal(afile_why(&a), want);
    assert_int_equal(lstat(at("full"), &st), 0);
    assert_true(S_ISCHR(st.st_mode));

    assert_int_equal(afile_open(&a, NULL, at("disk"), AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, EPERM);
    assert_int_equal(lstat(at("disk"), &st), 0);
    assert_true(S_ISBLK(st.st_mode));
    assert_int_equal(count_entries(scratch), 3);
}

/* /proc/self/fd/N and /dev/fd/N write that descriptor: a pipe gets the
 * bytes; a regular file the shell opened is appended to at the shared
 * offset, not replaced by a new inode. A link to such a name works too. */
static void test_descriptor_names(void **state)
{
    (void)state;
    char name[64], buf[64];
    int p[2];
    assert_int_equal(pipe(p), 0);
    snprintf(name, sizeof name, "/proc/self/fd/%d", p[1]);
    assert_int_equal(put(name, "piped", AFILE_PUBLIC), ERR_OK);
    close(p[1]);
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    assert_int_equal(n, 5);
    buf[n] = '\0';
    assert_string_equal(buf, "piped");
    close(p[0]);

    int fd = open(at("stdout.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "head,", 5), 5);
    struct stat before, after;
    assert_int_equal(fstat(fd, &before), 0);
    snprintf(name, sizeof name, "/dev/fd/%d", fd);
    assert_int_equal(symlink(name, at("out")), 0);
    assert_int_equal(put(at("out"), "log,", AFILE_SECRET), ERR_OK);
    assert_int_equal(write(fd, "tail", 4), 4);
    close(fd);
    read_all(at("stdout.txt"), buf, sizeof buf);
    assert_string_equal(buf, "head,log,tail");
    assert_int_equal(stat(at("stdout.txt"), &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mode & 07777, 0644);

    /* a descriptor that is not open, or open for reading only */
    afile a;
    assert_int_equal(afile_open(&a, NULL, "/proc/self/fd/999", AFILE_PUBLIC), ERR_IO);
    assert_string_equal(afile_why(&a),
                        "'/proc/self/fd/999' names descriptor 999, which is not open");
    fd = open(at("stdout.txt"), O_RDONLY);
    assert_true(fd >= 0);
    snprintf(name, sizeof name, "/dev/fd/%d", fd);
    assert_int_equal(afile_open(&a, NULL, name, AFILE_PUBLIC), ERR_IO);
    assert_non_null(strstr(afile_why(&a), "which is open for reading only"));
    close(fd);
}

/* A socket cannot be opened as a file: refused, and left as it is. */
static void test_socket_refused(void **state)
{
    (void)state;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", at("sock"));
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    afile a;
    assert_int_equal(afile_open(&a, NULL, at("sock"), AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, ENXIO);
    struct stat st;
    assert_int_equal(lstat(at("sock"), &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    close(s);
}

/* Names that cannot be a file are refused with a sentence that says so. */
static void test_bad_names(void **state)
{
    (void)state;
    afile a;
    char want[300];
    assert_string_equal(afile_bad_name(""), "the file name is empty");
    assert_null(afile_bad_name("a/b"));
    assert_int_equal(afile_open(&a, NULL, "", AFILE_PUBLIC), ERR_IO);
    assert_string_equal(afile_why(&a), "the file name is empty");
    assert_int_equal(afile_open(&a, NULL, "somedir/", AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, EISDIR);
    assert_string_equal(afile_why(&a), "'somedir/': the file name ends in '/', so it names "
                                       "a directory, not a file");
    assert_int_equal(afile_open(&a, NULL, scratch, AFILE_PUBLIC), ERR_IO);
    assert_int_equal(errno, EISDIR);
    snprintf(want, sizeof want, "'%s' is a directory", scratch);
    assert_string_equal(afile_why(&a), want);
    assert_int_equal(count_entries(scratch), 0);
}

/* A set lands together: when its last file cannot be written, none of the
 * earlier ones replaces its old file and no temporary file is left. */
static void test_set_all_or_nothing(void **state)
{
    (void)state;
    char buf[64];
    afile_set *s = malloc(sizeof *s);
    assert_non_null(s);
    write_all(at("a.txt"), "old a");
    write_all(at("b.txt"), "old b");

    /* the caller gives up after writing both */
    afile_set_init(s);
    fputs("new a", must(afile_set_add(s, scratch, "a.txt", AFILE_PUBLIC)));
    fputs("new b", must(afile_set_add(s, scratch, "b.txt", AFILE_PUBLIC)));
    assert_int_equal(afile_set_close(s, false), ERR_IO);
    assert_int_equal(s->replaced, 0);

    /* the third file cannot be opened (a directory stands there) */
    assert_int_equal(mkdir(at("c.txt"), 0700), 0);
    afile_set_init(s);
    fputs("new a", must(afile_set_add(s, scratch, "a.txt", AFILE_PUBLIC)));
    fputs("new b", must(afile_set_add(s, scratch, "b.txt", AFILE_PUBLIC)));
    assert_null(afile_set_add(s, scratch, "c.txt", AFILE_PUBLIC));
    assert_null(afile_set_add(s, scratch, "d.txt", AFILE_PUBLIC)); /* failed sets stay failed */
    assert_int_equal(afile_set_close(s, true), ERR_IO);
    assert_int_equal(errno, EISDIR);
    char want[300];
    snprintf(want, sizeof want, "'%s/c.txt' is a directory", scratch);
    assert_string_equal(afile_set_why(s), want);
    read_all(at("a.txt"), buf, sizeof buf);
    assert_string_equal(buf, "old a");
    read_all(at("b.txt"), buf, sizeof buf);
    assert_string_equal(buf, "old b");
    assert_int_equal(count_entries(scratch), 3);

    /* and when all is well, all of them land */
    assert_int_equal(rmdir(at("c.txt")), 0);
    afile_set_init(s);
    fputs("new a", must(afile_set_add(s, scratch, "a.txt", AFILE_PUBLIC)));
    fputs("new b", must(afile_set_add(s, scratch, "b.txt", AFILE_SECRET)));
    fputs("new c", must(afile_set_add(s, scratch, "c.txt", AFILE_PUBLIC)));
    assert_int_equal(afile_set_close(s, true), ERR_OK);
    assert_int_equal(s->replaced, 3);
    read_all(at("a.txt"), buf, sizeof buf);
    assert_string_equal(buf, "new a");
    read_all(at("c.txt"), buf, sizeof buf);
    assert_string_equal(buf, "new c");
    assert_int_equal(mode_of(at("b.txt")), 0600);
    assert_int_equal(count_entries(scratch), 3);
    free(s);
}

/* A write that fails for lack of room (a full device in the scratch
 * directory stands for a full disk) stops the whole set before any rename. */
static void test_set_full_disk(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        print_message("skipped: mknod needs root\n");
        skip();
    }
    char buf[64];
    afile_set *s = malloc(sizeof *s);
    assert_non_null(s);
    write_all(at("a.txt"), "old a");
    assert_int_equal(mknod(at("full"), S_IFCHR | 0666, makedev(1, 7)), 0);
    afile_set_init(s);
    fputs("new a", must(afile_set_add(s, scratch, "a.txt", AFILE_PUBLIC)));
    fputs("no room", must(afile_set_add(s, scratch, "full", AFILE_PUBLIC)));
    /* adding the next file finishes the full one, which fails there */
    assert_null(afile_set_add(s, scratch, "b.txt", AFILE_PUBLIC));
    assert_int_equal(afile_set_close(s, true), ERR_IO);
    assert_int_equal(errno, ENOSPC);
    assert_non_null(strstr(afile_set_why(s), "/full': No space left on device"));
    read_all(at("a.txt"), buf, sizeof buf);
    assert_string_equal(buf, "old a");
    assert_int_equal(count_entries(scratch), 2); /* a.txt and the device: no b.txt, no temp */
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_commit_and_abort, clean),
        cmocka_unit_test_teardown(test_fresh_modes_honour_umask, clean),
        cmocka_unit_test_teardown(test_existing_mode_kept_or_made_secret, clean),
        cmocka_unit_test_teardown(test_owner_kept, clean),
        cmocka_unit_test_teardown(test_symlink_followed, clean),
        cmocka_unit_test_teardown(test_dangling_link_and_loop_refused, clean),
        cmocka_unit_test_teardown(test_fifo_written_in_place, clean),
        cmocka_unit_test_teardown(test_devices, clean),
        cmocka_unit_test_teardown(test_descriptor_names, clean),
        cmocka_unit_test_teardown(test_socket_refused, clean),
        cmocka_unit_test_teardown(test_bad_names, clean),
        cmocka_unit_test_teardown(test_set_all_or_nothing, clean),
        cmocka_unit_test_teardown(test_set_full_disk, clean),
    };
    return cmocka_run_group_tests_name("afile", tests, make_scratch, remove_scratch);
}
