// What the numbers were measured on: they only mean something next to the machine.
import { execFileSync } from 'node:child_process'
import { arch, cpus, type as osType, release, totalmem } from 'node:os'
import type { Machine } from './types'

/** The file system and device under `path` (Linux: from /proc/mounts via df), when it can be read. */
function diskOf(path: string): string | undefined {
  try {
    const out = execFileSync('df', ['-T', path], { encoding: 'utf8' }).trim().split('\n')[1]
    const [device, fsType] = (out ?? '').split(/\s+/)
    return device && fsType ? `${fsType} on ${device}` : undefined
  } catch {
    return undefined
  }
}

export function machine(dataDir: string): Machine {
  const list = cpus()
  const disk = diskOf(dataDir)
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${osType()} ${release()} ${arch()}`,
    ...(disk ? { disk } : {}),
  }
}
