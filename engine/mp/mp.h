#pragma once
// The multiprocessing vocabulary for lessons, in one include.

#include "engine/mp/barrier.h"
#include "engine/mp/condition.h"
#include "engine/mp/errors.h"
#include "engine/mp/event.h"
#include "engine/mp/file.h"
#include "engine/mp/lock.h"
#include "engine/mp/message.h"
#include "engine/mp/pipe.h"
#include "engine/mp/pool.h"
#include "engine/mp/process.h"
#include "engine/mp/queue.h"
#include "engine/mp/report.h"
#include "engine/mp/semaphore.h"
#include "engine/mp/shared_value.h"
#include "engine/mp/sleep_say.h"
