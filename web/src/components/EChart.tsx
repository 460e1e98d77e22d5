/**
 * A thin React wrapper of ECharts: one chart instance per element, the option set on every
 * change (not merged), resized with its box, disposed on unmount. Only the chart kinds the app
 * draws are registered (tree-shaken build): sankey, bar, graph, heatmap, line.
 */
import { BarChart, GraphChart, HeatmapChart, LineChart, SankeyChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

echarts.use([SankeyChart, BarChart, GraphChart, HeatmapChart, LineChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

interface EChartProps {
  option: EChartOption;
  /** CSS height of the chart box (width follows the container). */
  height?: number | string;
  /** Text for screen readers: what the chart shows. */
  ariaLabel: string;
  className?: string;
  style?: CSSProperties;
  onClick?: (params: echarts.ECElementEvent) => void;
}

export function EChart({ option, height = 420, ariaLabel, className, style, onClick }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onClick);
  useEffect(() => {
    clickHandler.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickHandler.current?.(params as echarts.ECElementEvent));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className={`echart${className ? ` ${className}` : ''}`} style={{ height, ...style }} role="img" aria-label={ariaLabel} />;
}
