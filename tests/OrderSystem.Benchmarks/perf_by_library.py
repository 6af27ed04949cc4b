"""Summarises `perf script -F comm,pid,ip,sym,dso` output (with call chains) for profile.sh.

Every sample counts once. Per process: its share of all samples. Inside each .NET service: the library that owned the
sample, i.e. the assembly of the innermost frame that is not the .NET base library (System.*), so a string copy made
for Npgsql counts as Npgsql; samples with no such frame are named after where they ran (kernel, libc, the runtime, the JIT).
"""
import collections
import re
import sys

processes = dict(line.rstrip('\n').split('\t') for line in open(sys.argv[1]) if '\t' in line)
services = {'Order', 'Inventory', 'Payment', 'Notification', 'Identity'}
frame_re = re.compile(r'\s*[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$')
assembly_re = re.compile(r'\[([A-Za-z0-9_.]+)\] ')


def where(symbol, dso):
    if dso.startswith('[kernel'):
        return 'kernel'
    if 'libclrjit' in dso:
        return 'JIT compiler'
    match = assembly_re.search(symbol)  # managed code: JIT-compiled methods come from the perf map too
    if match:
        return match.group(1)
    if 'libcoreclr' in dso or '/perf-' in dso:  # the perf map's entries without an assembly are the runtime's stubs
        return 'runtime (GC, type system, stubs)'
    return dso.rsplit('/', 1)[-1] or '?'


def owner(frames):
    for symbol, dso in frames:
        match = assembly_re.search(symbol)
        if match and not match.group(1).startswith('System') and match.group(1) != 'netstandard':
            return match.group(1)
    return where(*frames[0])


per_process = collections.Counter()
per_library = collections.defaultdict(collections.Counter)
total = 0
pid, comm, frames = None, '', []


def flush():
    global total
    if pid is None:
        return
    total += 1
    # PostgreSQL forks a backend per connection, so backends opened during the profile are named by their command
    name = processes.get(pid) or {'postgres': 'postgresql', 'swapper': 'idle'}.get(comm, 'other')
    per_process[name] += 1
    if name in services and frames:
        per_library[name][owner(frames)] += 1


for line in sys.stdin:
    if not line.strip():
        continue
    if not line.startswith('\t'):  # a sample's header line; its call chain follows, one tab-indented frame per line
        flush()
        *words, pid = line.split()
        comm, frames = ' '.join(words), []
    else:
        match = frame_re.match(line)
        if match:
            frames.append((match.group(1), match.group(2)))
flush()

print(f'{total} samples (every CPU)')
print('\nshare of all samples, by process:')
for name, count in per_process.most_common():
    print(f'  {100 * count / total:5.1f}%  {name}')
all_services = collections.Counter()
for name, libraries in per_library.items():
    all_services.update(libraries)
for name, libraries in [('all services', all_services)] + sorted(per_library.items(), key=lambda kv: -sum(kv[1].values())):
    count = sum(libraries.values())
    print(f'\n{name}: {count} samples, by the library that owned them:')
    for library, n in libraries.most_common(14):
        print(f'  {100 * n / count:5.1f}%  {library}')
