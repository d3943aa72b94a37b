import { z } from 'zod';

/**
 * The parts of Docker Engine API responses Netloom reads (API 1.41 and later).
 * Unknown fields are accepted and dropped (engines add fields between versions; copying
 * them would cost more than the parse itself).
 */

const stringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

export const VersionSchema = z.object({
  Version: z.string(),
  ApiVersion: z.string(),
  MinAPIVersion: z.string().optional(),
});

export const ContainerSummarySchema = z.object({ Id: z.string(), State: z.string().optional() });
export const ContainerListSchema = z.array(ContainerSummarySchema);

/** A listed container with the names of the networks it is configured on. */
export const ContainerNetworksListSchema = z.array(
  z.object({
    Id: z.string(),
    NetworkSettings: z.object({ Networks: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  }),
);

const EndpointSettingsSchema = z.object({
  NetworkID: z.string().nullish(),
  EndpointID: z.string().nullish(),
  Gateway: z.string().nullish(),
  IPAddress: z.string().nullish(),
  IPPrefixLen: z.number().nullish(),
  GlobalIPv6Address: z.string().nullish(),
  GlobalIPv6PrefixLen: z.number().nullish(),
  MacAddress: z.string().nullish(),
  Aliases: z.array(z.string()).nullish(),
  DNSNames: z.array(z.string()).nullish(),
});

const PortBindingSchema = z.object({ HostIp: z.string().nullish(), HostPort: z.string().nullish() });

export const ContainerInspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  State: z.object({ Status: z.string(), Pid: z.number().nullish() }),
  Config: z.object({ Image: z.string().nullish(), Labels: stringMap }).nullish(),
  HostConfig: z.object({ NetworkMode: z.string().nullish() }).nullish(),
  NetworkSettings: z
    .looseObject({
      SandboxKey: z.string().nullish(),
      Ports: z.record(z.string(), z.array(PortBindingSchema).nullable()).nullish(),
      Networks: z.record(z.string(), EndpointSettingsSchema).nullish(),
    })
    .nullish(),
});

export const NetworkSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Driver: z.string(),
  Scope: z.string().nullish(),
  Internal: z.boolean().nullish(),
  Attachable: z.boolean().nullish(),
  EnableIPv6: z.boolean().nullish(),
  IPAM: z
    .looseObject({
      Config: z.array(z.object({ Subnet: z.string().nullish(), Gateway: z.string().nullish() })).nullish(),
    })
    .nullish(),
  Options: stringMap,
  Labels: stringMap,
});
export const NetworkListSchema = z.array(NetworkSchema);

export type ContainerInspect = z.infer<typeof ContainerInspectSchema>;
export type DockerNetworkRaw = z.infer<typeof NetworkSchema>;
