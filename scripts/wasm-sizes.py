#!/usr/bin/env python3
"""Where a WebAssembly file's bytes go: code size per crate/module, read from the name section of an
unoptimised build (wasm-opt strips names). Usage: scripts/wasm-sizes.py app.wasm [how many groups]"""
import sys, re, collections
data = open(sys.argv[1], 'rb').read()
def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i
assert data[:4] == b'\0asm'
i = 8
sections = []
imports_funcs = 0
code_sizes = []
names = {}
datasz = 0
while i < len(data):
    sid = data[i]; i += 1
    size, i = leb(data, i)
    body = data[i:i+size]
    if sid == 0:
        nl, j = leb(body, 0); name = body[j:j+nl].decode(); j += nl
        sections.append(('custom:'+name, size))
        if name == 'name':
            while j < len(body):
                sub = body[j]; j += 1
                ssz, j = leb(body, j)
                if sub == 1:
                    k = j
                    cnt, k = leb(body, k)
                    for _ in range(cnt):
                        idx, k = leb(body, k); l, k = leb(body, k)
                        names[idx] = body[k:k+l].decode('utf-8', 'replace'); k += l
                j += ssz
    else:
        sections.append((sid, size))
        if sid == 2:
            cnt, j = leb(body, 0)
            for _ in range(cnt):
                l, j = leb(body, j); j += l
                l, j = leb(body, j); j += l
                kind = body[j]; j += 1
                if kind == 0: _, j = leb(body, j); imports_funcs += 1
                elif kind == 1: j += 1; fl = body[j]; j += 1; _, j = leb(body, j); j = leb(body, j)[1] if fl & 1 else j
                elif kind == 2: fl = body[j]; j += 1; _, j = leb(body, j); j = leb(body, j)[1] if fl & 1 else j
                elif kind == 3: j += 2
        if sid == 10:
            cnt, j = leb(body, 0)
            for f in range(cnt):
                l, j = leb(body, j)
                code_sizes.append((l, imports_funcs + f)); j += l
        if sid == 11: datasz = size
    i += size
print('functions', len(code_sizes), 'code bytes', sum(s for s, _ in code_sizes), 'data', datasz)
def demangle(n):
    n = re.sub(r'17h[0-9a-f]{16}E$', '', n)
    return n
groups = collections.Counter()
for s, idx in code_sizes:
    n = demangle(names.get(idx, '?'))
    m = re.match(r'_ZN(\d+)(\w+?)', n)
    key = '?'
    if n.startswith('_ZN'):
        # first path component
        k = 3; parts = []
        while k < len(n) and n[k].isdigit():
            d = re.match(r'\d+', n[k:]).group(); k += len(d); parts.append(n[k:k+int(d)]); k += int(d)
        key = '::'.join(parts[:2])
    else:
        key = n.split('::')[0][:60]
    groups[key] += s
for k, v in groups.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 40):
    print(f'{v:8d} {k}')
