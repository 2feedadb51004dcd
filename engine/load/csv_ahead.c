#include "engine/load/csv_ahead.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/grow.h"

enum {
    AHEAD_BATCHES = 4,          /* batches read ahead, at most */
    AHEAD_RECORDS = 4096,       /* records in a batch, at most */
    AHEAD_BYTES = 1 << 20,      /* field bytes after which a batch is handed over */
};

/* One record as csv_next gave it: where its fields are in the batch. */
typedef struct {
    csv_status status;
    long line;
    size_t nfields, first; /* its fields: offsets[first .. first + nfields - 1] */
    uint64_t bytes_read;
    size_t problem;        /* index in the batch's problems, for CSV_BAD_RECORD */
} ahead_record;

typedef struct {
    ahead_record *rec;
    size_t n_rec;
    size_t *offset, *length; /* per field: where it starts in text, its length */
    size_t n_fields, cap_fields;
    char *text;               /* the fields, each followed by a NUL */
    size_t n_text, cap_text;
    csv_problem *problems;
    size_t n_problems, cap_problems;
    bool last;                /* the reader's last batch (EOF, I/O error, or stopped) */
} batch;

struct csv_ahead {
    csv_reader *r;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    batch batches[AHEAD_BATCHES]; /* a ring: filled by the thread, read by the loader */
    size_t head, count;           /* the first full batch, and how many are full */
    bool stop;                    /* the loader asks the thread to end */
    bool failed;                  /* out of memory in the thread */
    /* the loader's side */
    batch *reading;               /* the batch being read, returned to the ring when done */
    size_t next;                  /* its next record */
    char **fields;                /* the current record's field pointers */
    size_t cap_out;
    bool done;
};

/* Appends what csv_next returned to b. */
static bool batch_add(batch *b, csv_status s, const csv_record *rec, const csv_problem *p, uint64_t bytes)
{
    ahead_record *r = &b->rec[b->n_rec];
    r->status = s;
    r->line = s == CSV_RECORD ? rec->line : s == CSV_BAD_RECORD ? p->line : 0;
    r->nfields = 0;
    r->first = b->n_fields;
    r->bytes_read = bytes;
    if (s == CSV_BAD_RECORD) {
        if (!grow((void **)&b->problems, &b->cap_problems, b->n_problems + 1, sizeof *b->problems))
            return false;
        r->problem = b->n_problems;
        b->problems[b->n_problems++] = *p;
    } else if (s == CSV_RECORD) {
        size_t bytes_needed = b->n_text;
        for (size_t f = 0; f < rec->nfields; f++)
            bytes_needed += rec->lengths[f] + 1;
        size_t cap = b->cap_fields;
        if (!grow((void **)&b->offset, &cap, b->n_fields + rec->nfields, sizeof *b->offset))
            return false;
        if (cap != b->cap_fields) { /* the lengths follow the offsets */
            size_t *length = realloc(b->length, cap * sizeof *length);
            if (!length)
                return false;
            b->length = length;
            b->cap_fields = cap;
        }
        if (!grow((void **)&b->text, &b->cap_text, bytes_needed, 1))
            return false;
        for (size_t f = 0; f < rec->nfields; f++) {
            b->offset[b->n_fields] = b->n_text;
            b->length[b->n_fields++] = rec->lengths[f];
            memcpy(b->text + b->n_text, rec->fields[f], rec->lengths[f]);
            b->n_text += rec->lengths[f];
            b->text[b->n_text++] = '\0';
        }
        r->nfields = rec->nfields;
    }
    b->n_rec++;
    return true;
}

static void *read_ahead(void *arg)
{
    csv_ahead *a = arg;
    bool last = false;
    while (!last) {
        pthread_mutex_lock(&a->lock);
        while (a->count == AHEAD_BATCHES && !a->stop)
            pthread_cond_wait(&a->changed, &a->lock);
        bool stop = a->stop;
        batch *b = &a->batches[(a->head + a->count) % AHEAD_BATCHES];
        pthread_mutex_unlock(&a->lock);
        if (stop)
            break;
        b->n_rec = b->n_fields = b->n_text = b->n_problems = 0;
        b->last = false;
        bool memory = true;
        while (b->n_rec < AHEAD_RECORDS && b->n_text < AHEAD_BYTES && !last) {
            csv_record rec;
            csv_problem p;
            csv_status s = csv_next(a->r, &rec, &p);
            memory = batch_add(b, s, &rec, &p, csv_get_stats(a->r)->bytes_read);
            last = !memory || s == CSV_EOF || s == CSV_IO_ERROR;
        }
        b->last = last;
        pthread_mutex_lock(&a->lock);
        a->failed |= !memory;
        a->count++;
        pthread_cond_broadcast(&a->changed);
        pthread_mutex_unlock(&a->lock);
    }
    return NULL;
}

csv_ahead *csv_ahead_start(csv_reader *r)
{
    csv_ahead *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->r = r;
    bool ok = true;
    for (size_t i = 0; i < AHEAD_BATCHES && ok; i++)
        ok = (a->batches[i].rec = malloc(AHEAD_RECORDS * sizeof *a->batches[i].rec)) != NULL;
    if (ok && pthread_mutex_init(&a->lock, NULL) == 0) {
        if (pthread_cond_init(&a->changed, NULL) == 0) {
            if (pthread_create(&a->thread, NULL, read_ahead, a) == 0)
                return a;
            pthread_cond_destroy(&a->changed);
        }
        pthread_mutex_destroy(&a->lock);
    }
    for (size_t i = 0; i < AHEAD_BATCHES; i++)
        free(a->batches[i].rec);
    free(a);
    return NULL;
}

/* Gives the batch being read back to the thread. */
static void release_reading(csv_ahead *a)
{
    if (!a->reading)
        return;
    pthread_mutex_lock(&a->lock);
    a->head = (a->head + 1) % AHEAD_BATCHES;
    a->count--;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
    a->reading = NULL;
}

csv_status csv_ahead_next(csv_ahead *a, csv_record *rec, csv_problem *problem, uint64_t *bytes_read)
{
    for (;;) {
        if (a->done)
            return CSV_EOF;
        if (a->reading && a->next < a->reading->n_rec)
            break;
        bool was_last = a->reading && a->reading->last;
        release_reading(a);
        if (was_last) {
            a->done = true;
            return CSV_EOF;
        }
        pthread_mutex_lock(&a->lock);
        while (a->count == 0)
            pthread_cond_wait(&a->changed, &a->lock);
        bool failed = a->failed;
        a->reading = &a->batches[a->head];
        pthread_mutex_unlock(&a->lock);
        a->next = 0;
        if (failed && a->reading->last) {
            a->done = true;
            return CSV_IO_ERROR; /* out of memory in the thread: stop, as for a read error */
        }
    }
    batch *b = a->reading;
    const ahead_record *r = &b->rec[a->next++];
    *bytes_read = r->bytes_read;
    if (r->status == CSV_BAD_RECORD) {
        *problem = b->problems[r->problem];
        return CSV_BAD_RECORD;
    }
    if (r->status != CSV_RECORD) {
        a->done = true;
        return r->status;
    }
    if (!grow((void **)&a->fields, &a->cap_out, r->nfields ? r->nfields : 1, sizeof *a->fields)) {
        a->done = true;
        return CSV_IO_ERROR;
    }
    for (size_t f = 0; f < r->nfields; f++)
        a->fields[f] = b->text + b->offset[r->first + f];
    rec->nfields = r->nfields;
    rec->fields = a->fields;
    rec->lengths = b->length + r->first;
    rec->line = r->line;
    return CSV_RECORD;
}

void csv_ahead_stop(csv_ahead *a)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = true;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->changed);
    pthread_mutex_destroy(&a->lock);
    for (size_t i = 0; i < AHEAD_BATCHES; i++) {
        batch *b = &a->batches[i];
        free(b->rec);
        free(b->offset);
        free(b->length);
        free(b->text);
        free(b->problems);
    }
    free(a->fields);
    free(a);
}
