// Validation messages in Chinese: every zod error a clerk, citizen or API client can see is
// worded in zh-CN. Imported once by each entry point (core host, hall server, renderer).
import { z } from 'zod';

z.config(z.locales.zhCN());
