/*
** replay.c - runs a libFuzzer harness without libFuzzer: each file named on the command
** line (or each file of each folder) is passed once to LLVMFuzzerTestOneInput. `make
** test` uses it to replay every seed corpus under AddressSanitizer and UBSan with gcc.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (data = malloc((size_t)size + 1)) == NULL ||
	    fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f != NULL)
			fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

static int
replay_path(const char *path, int *count)
{
	char child[4096];
	struct dirent *e;
	struct stat st;
	DIR *dir;
	int rc = 0;

	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	if ((dir = opendir(path)) == NULL)
		return -1;
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof child, "%s/%s", path, e->d_name);
		rc = replay_path(child, count);
	}
	closedir(dir);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, count = 0;

	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			return 1;
	printf("replayed %d input%s\n", count, count == 1 ? "" : "s");
	return 0;
}
