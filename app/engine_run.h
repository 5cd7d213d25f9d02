#pragma once
// The proclab-engine executable's work: options, the lesson, the host, the viewer.

namespace proclab::host {

int engineMain(int argc, char** argv);

} // namespace proclab::host
