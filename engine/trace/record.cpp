#include "engine/trace/record.h"

namespace proclab::trace {

std::string_view opName(Op op) {
    switch (op) {
    case Op::None: return "none";
    case Op::Start: return "start";
    case Op::Exit: return "exit";
    case Op::Join: return "join";
    case Op::Terminate: return "terminate";
    case Op::Kill: return "kill";
    case Op::Reaped: return "reaped";
    case Op::Acquire: return "acquire";
    case Op::Release: return "release";
    case Op::OwnerDied: return "owner_died";
    case Op::Set: return "set";
    case Op::Clear: return "clear";
    case Op::Wait: return "wait";
    case Op::Notify: return "notify";
    case Op::Abort: return "abort";
    case Op::Put: return "put";
    case Op::Get: return "get";
    case Op::TaskDone: return "task_done";
    case Op::QueueJoin: return "queue_join";
    case Op::Send: return "send";
    case Op::Recv: return "recv";
    case Op::Close: return "close";
    case Op::Read: return "read";
    case Op::Write: return "write";
    case Op::Sleep: return "sleep";
    case Op::Say: return "say";
    case Op::Error: return "error";
    case Op::Create: return "create";
    case Op::SelfDeadlock: return "self_deadlock";
    case Op::Payload: return "payload";
    case Op::Deadlock: return "deadlock";
    case Op::Outcome: return "outcome";
    case Op::Invariant: return "invariant";
    case Op::Count_: break;
    }
    return "?";
}

std::string_view phaseName(Phase phase) {
    switch (phase) {
    case Phase::Instant: return "instant";
    case Phase::Begin: return "begin";
    case Phase::Blocked: return "blocked";
    case Phase::End: return "end";
    case Phase::Fail: return "fail";
    }
    return "?";
}

} // namespace proclab::trace
