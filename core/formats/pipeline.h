/* pipeline.h: a JSON sink whose elements are taken on a second thread while the parser reads on
 * (internal to core/formats).
 *
 * Reading a large node-link file is two jobs of about the same size: parsing the text into
 * element trees, and taking each element into the records (ids, ends, columns). The pipeline
 * gives the second job a thread of its own. The parser fills a batch of elements in an arena of
 * the batch, the taker empties full batches in order, so that the elements reach the target
 * sink exactly as they would without it, one at a time and in file order. */
#ifndef CPECGRAPH_PIPELINE_H
#define CPECGRAPH_PIPELINE_H

#include "cpecgraph/json.h"

typedef struct cpg_pipeline cpg_pipeline;

/* A pipeline in front of TARGET, whose take is then called on the pipeline's thread (and must
 * touch nothing the parser's thread does meanwhile); TARGET's scratch is not used. NULL when
 * out of memory or when no thread can be started: the caller then uses TARGET itself. */
cpg_pipeline *cpg_pipeline_new(const cpg_json_sink *target);

/* The sink to give the parser (it points into P). */
const cpg_json_sink *cpg_pipeline_sink(cpg_pipeline *p);

/* Frees P, waiting for its thread first if the parse did not end. NULL is fine. */
void cpg_pipeline_free(cpg_pipeline *p);

#endif
