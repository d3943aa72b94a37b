import {
  array,
  boolean,
  map,
  nullable,
  nullish,
  number,
  object,
  optional,
  record,
  string,
  unknown,
  type Infer,
} from '../util/shape.js';

/**
 * The parts of Docker Engine API responses Netloom reads (API 1.41 and later).
 * Unknown fields are accepted and dropped (engines add fields between versions; copying
 * them would cost more than the check itself).
 */

const stringMap = map(nullish(record(string)), (v) => v ?? {});

export const VersionSchema = object({
  Version: string,
  ApiVersion: string,
  MinAPIVersion: optional(string),
});

export const ContainerSummarySchema = object({ Id: string, State: optional(string) });
export const ContainerListSchema = array(ContainerSummarySchema);

/** A listed container with the names of the networks it is configured on. */
export const ContainerNetworksListSchema = array(
  object({
    Id: string,
    NetworkSettings: nullish(object({ Networks: nullish(record(unknown)) })),
  }),
);

const EndpointSettingsSchema = object({
  NetworkID: nullish(string),
  EndpointID: nullish(string),
  Gateway: nullish(string),
  IPAddress: nullish(string),
  IPPrefixLen: nullish(number),
  GlobalIPv6Address: nullish(string),
  GlobalIPv6PrefixLen: nullish(number),
  MacAddress: nullish(string),
  Aliases: nullish(array(string)),
  DNSNames: nullish(array(string)),
  /** `docker run --network NET --link a:alias` keeps the link here, as `a:alias`. */
  Links: nullish(array(string)),
});

const PortBindingSchema = object({ HostIp: nullish(string), HostPort: nullish(string) });

export const ContainerInspectSchema = object({
  Id: string,
  Name: string,
  State: object({ Status: string, Pid: nullish(number) }),
  Config: nullish(object({ Image: nullish(string), Labels: stringMap })),
  HostConfig: nullish(object({ NetworkMode: nullish(string), Links: nullish(array(string)) })),
  NetworkSettings: nullish(
    object({
      SandboxKey: nullish(string),
      Ports: nullish(record(nullable(array(PortBindingSchema)))),
      Networks: nullish(record(EndpointSettingsSchema)),
    }),
  ),
});

export const NetworkSchema = object({
  Id: string,
  Name: string,
  Driver: string,
  Scope: nullish(string),
  Internal: nullish(boolean),
  Attachable: nullish(boolean),
  EnableIPv6: nullish(boolean),
  IPAM: nullish(object({ Config: nullish(array(object({ Subnet: nullish(string), Gateway: nullish(string) }))) })),
  Options: stringMap,
  Labels: stringMap,
});
export const NetworkListSchema = array(NetworkSchema);

export type ContainerInspect = Infer<typeof ContainerInspectSchema>;
export type DockerNetworkRaw = Infer<typeof NetworkSchema>;
